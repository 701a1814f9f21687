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
  var stale = false;  // a block was left alone because someone was in it
  var source = null;
  var ended = false;  // the session closed: its stream has ended for good

  function focusedIn(block) {
    var active = document.activeElement;
    return active && active !== document.body && block.contains(active);
  }

  // Replaces each [data-live] block with its new version, except one the person is typing in
  // (their words are never thrown away; it catches up as soon as they leave it). A block that is
  // a live region keeps its element and gets new contents, so screen readers announce the change.
  function apply(html) {
    var fresh = new DOMParser().parseFromString(html, 'text/html');
    var next = fresh.querySelector('.session-live');
    if (!next) return;
    // A closed session's page has no stream to follow: stop listening (the server ends it too).
    if (!next.hasAttribute('data-events')) {
      ended = true;
      if (source) source.close();
    }
    stale = false;
    fresh.querySelectorAll('[data-live]').forEach(function (block) {
      var key = block.getAttribute('data-live');
      var current = root.querySelector('[data-live="' + key + '"]');
      if (!current) return;
      if (focusedIn(current)) {
        stale = true;
        return;
      }
      var copy = document.importNode(block, true);
      if (current.hasAttribute('aria-live')) {
        current.replaceChildren.apply(current, Array.prototype.slice.call(copy.childNodes));
      } else {
        current.replaceWith(copy);
      }
    });
    shown = Number(next.getAttribute('data-version')) || shown;
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    // The page's own address: a board shown after a refused form sits at the form's address.
    var page = root.getAttribute('data-page') || window.location.pathname;
    fetch(page, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) { if (html) apply(html); })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  // Leaving a block that was skipped brings it up to date (after focus has settled).
  document.addEventListener('focusout', function () {
    if (!stale) return;
    window.setTimeout(function () { if (stale) refresh(); }, 0);
  });

  // After a lost connection the browser reconnects by itself, and the first event then says
  // where the session is. A stream refused outright (say the server is at its limit of live
  // connections) is not retried by the browser: try again a little later, more slowly each time.
  var delay = 5000;
  function connect() {
    if (ended) return;
    source = new EventSource(root.getAttribute('data-events'));
    source.addEventListener('version', function (event) {
      var version = 0;
      try { version = JSON.parse(event.data).version; } catch (e) { return; }
      delay = 5000;
      if (version > shown) refresh();
    });
    source.addEventListener('error', function () {
      if (ended || source.readyState !== EventSource.CLOSED) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    });
  }
  connect();

  // Discussion timers count up each second, as m:ss. The server's clock is the reference: each
  // timer carries the server's time when the page was made, so a phone's wrong clock is harmless.
  function tick() {
    root.querySelectorAll('.session-timer__clock[data-since]').forEach(function (clock) {
      var since = Date.parse(clock.getAttribute('data-since'));
      var then = Date.parse(clock.getAttribute('data-now'));
      if (!clock.hasAttribute('data-loaded')) clock.setAttribute('data-loaded', String(Date.now()));
      var seconds = Math.floor((then - since + Date.now() - Number(clock.getAttribute('data-loaded'))) / 1000);
      if (!(seconds >= 0)) return;
      var text = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
      if (clock.textContent !== text) clock.textContent = text;
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
