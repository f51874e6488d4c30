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
