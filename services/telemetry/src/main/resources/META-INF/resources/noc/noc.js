// Live updates for the NOC pages. The server renders every page complete; this script fetches the
// same URL every data-refresh-ms and swaps each element marked data-region for its fresh copy, so
// tiles, rollouts, tables and charts follow the fleet without a reload. It never builds markup from
// data itself: everything it inserts was rendered (and HTML-escaped) by the server.
(function () {
  'use strict';
  var main = document.querySelector('[data-refresh-ms]');
  if (!main || !window.fetch || !window.DOMParser) {
    return;
  }
  var every = Math.max(1000, parseInt(main.getAttribute('data-refresh-ms'), 10) || 3000);
  var status = document.getElementById('live-status');
  var failures = 0;
  var timer = null;

  function say(text, state) {
    if (status) {
      status.textContent = text;
      status.setAttribute('data-state', state);
    }
  }

  // Keyboard users keep their place: the focused link is found again in the fresh region.
  function focusKey() {
    var el = document.activeElement;
    if (!el || el === document.body || !el.closest) {
      return null;
    }
    var region = el.closest('[data-region]');
    if (!region) {
      return null;
    }
    return { region: region.getAttribute('data-region'), href: el.getAttribute('href'), text: el.textContent };
  }

  function refocus(key) {
    if (!key) {
      return;
    }
    var region = document.querySelector('[data-region="' + key.region + '"]');
    if (!region) {
      return;
    }
    var links = region.querySelectorAll('a[href], button, [tabindex]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute('href') === key.href && links[i].textContent === key.text) {
        links[i].focus({ preventScroll: true });
        return;
      }
    }
  }

  function swap(doc) {
    var key = focusKey();
    var fresh = doc.querySelectorAll('[data-region]');
    for (var i = 0; i < fresh.length; i++) {
      var name = fresh[i].getAttribute('data-region');
      var current = document.querySelector('[data-region="' + name + '"]');
      if (current && current.innerHTML !== fresh[i].innerHTML) {
        current.replaceWith(document.importNode(fresh[i], true));
      }
    }
    refocus(key);
    var title = doc.querySelector('title');
    if (title) {
      document.title = title.textContent;
    }
  }

  function schedule() {
    timer = window.setTimeout(tick, failures === 0 ? every : Math.min(30000, every * (failures + 1)));
  }

  function tick() {
    timer = null;
    if (document.hidden) {
      schedule();
      return;
    }
    fetch(window.location.href, { headers: { Accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 404) {
          failures = 0;
          say('Gone from inventory', 'lost');
          return null;
        }
        if (!response.ok && response.status !== 400) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (html !== null) {
          swap(new DOMParser().parseFromString(html, 'text/html'));
          failures = 0;
          say('Live', 'ok');
        }
      })
      .catch(function () {
        failures++;
        say('Connection lost, retrying', 'lost');
      })
      .then(schedule);
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && timer !== null) {
      window.clearTimeout(timer);
      tick();
    }
  });
  say('Live', 'ok');
  schedule();
}());
