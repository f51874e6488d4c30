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
