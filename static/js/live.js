// Live team sessions: follow the session's event stream and refresh the parts of the page that
// changed. Events carry only {version}; the page itself is fetched again with a normal GET, so a
// missed event never leaves a wrong board. Without JavaScript the page has a Refresh link.
(function () {
  'use strict';
  var root = document.querySelector('.session-live[data-events]');
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var shown = Number(root.getAttribute('data-version')) || 0;
  var busy = false;
  var again = false;

  // Replaces each [data-live] block with its new version, except one the person is typing in
  // (their words are never thrown away; it catches up on the next change).
  function apply(html) {
    var fresh = new DOMParser().parseFromString(html, 'text/html');
    var next = fresh.querySelector('.session-live');
    if (!next) return;
    fresh.querySelectorAll('[data-live]').forEach(function (block) {
      var key = block.getAttribute('data-live');
      var current = root.querySelector('[data-live="' + key + '"]');
      if (!current) return;
      if (current.contains(document.activeElement) && document.activeElement !== document.body) {
        return;
      }
      current.replaceWith(document.importNode(block, true));
    });
    shown = Number(next.getAttribute('data-version')) || shown;
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) { if (html) apply(html); })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = new EventSource(root.getAttribute('data-events'));
  source.addEventListener('version', function (event) {
    var version = 0;
    try { version = JSON.parse(event.data).version; } catch (e) { return; }
    if (version > shown) refresh();
  });
  // After a lost connection the browser reconnects by itself; the first event then says where
  // the session is, and the page catches up. The Refresh link stays for anyone who wants it.
})();
