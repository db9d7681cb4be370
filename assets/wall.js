// The wall must never show stale data as live. Every Dash callback request is a fetch of
// /_dash-update-component; a wall sends one each refresh tick (a 204 when nothing changed still
// proves the server answered). This records when the last one succeeded and whether the latest one
// failed, for the wall's clientside staleness check (callbacks/wall.py). Dash loads every .js file
// in assets/ by itself; on other pages the record is simply never read.
(function () {
  // `requests`: when the latest callback requests were sent and answered, and which domain's panels
  // each refresh drew (bench/wall.py reads them to tell where the time goes between a pushed event
  // and the redraw)
  // `refreshes`: how many refresh requests each domain's panels have sent (the browser tests count them)
  var record = window.pantauWallLink = {okAt: Date.now(), failed: false, requests: [], refreshes: {}};
  var originalFetch = window.fetch.bind(window);

  function isCallback(resource) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    return url.indexOf("_dash-update-component") !== -1;
  }

  // Which domain's panels a refresh request draws (its DRAWN store's id), or null for any other
  // callback: each domain's panels are refreshed by a request of their own (callbacks/wall.py).
  function refreshedGroup(options) {
    try {
      var state = JSON.parse((options && options.body) || "{}").state || [];
      var store = state.filter(function (s) { return s.id && s.id.type === "wall-drawn"; })[0];
      return store ? store.id.domain : null;
    } catch (error) {
      return null;
    }
  }

  window.fetch = function (resource, options) {
    var request = originalFetch(resource, options);
    if (!isCallback(resource)) return request;
    var timing = {sent: Date.now(), answered: null, status: null, group: refreshedGroup(options)};
    record.requests.push(timing);
    if (timing.group) record.refreshes[timing.group] = (record.refreshes[timing.group] || 0) + 1;
    if (record.requests.length > 50) record.requests.shift();
    return request.then(function (response) {
      record.failed = !response.ok;  // 5xx: the server is up but cannot give the data
      if (response.ok) record.okAt = Date.now();
      timing.answered = Date.now();
      timing.status = response.status;
      return response;
    }, function (error) {
      record.failed = true;  // refused, reset: the server cannot be reached
      throw error;
    });
  };

  // For the clientside callback: [root class, age text]. Stale when the latest request failed, or
  // when none succeeded for `staleSeconds` (a request that hangs never fails).
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.wall = {
    staleness: function (_n, staleSeconds) {
      var age = Math.floor((Date.now() - record.okAt) / 1000);
      var stale = record.failed || age >= staleSeconds;
      var text = age < 60 ? age + " detik" : Math.floor(age / 60) + " menit " + (age % 60) + " detik";
      return [stale ? "wall is-stale" : "wall", stale ? "Data terakhir diterima " + text + " yang lalu" : ""];
    }
  };
})();

// Pushed updates: while a wall is on screen (its root names its event stream in data-events-url and
// the store to set in data-events-store, both from layouts/components/ids_wall.py), an
// EventSource listens to the server's mart versions (callbacks/_wall_events.py); each "marts" event
// sets the wall's PUSHED store, which fires the refresh at once (callbacks/wall.py) instead of at
// the next poll. The polling never stops, so a stream that is refused (a full server answers 503),
// cut or blocked by a proxy costs only speed: the wall then updates at its polling interval as
// before. The browser reconnects a dropped stream by itself (after the server's `retry`); a refused
// one is tried again after RETRY_MS. `window.pantauWallPush` says what happened (tests, bench).
(function () {
  var RETRY_MS = 30000;
  var state = window.pantauWallPush = {open: false, events: 0, errors: 0, refused: 0, lastEventAt: null,
                                       eventTimes: []};
  var source = null, url = null, store = null, retryAt = 0;

  function pushed(message) {
    var now = Date.now();
    state.events += 1;
    state.lastEventAt = now;
    state.eventTimes.push(now);
    if (state.eventTimes.length > 50) state.eventTimes.shift();
    var versions = {};
    try { versions = JSON.parse(message.data).versions || {}; } catch (error) { /* a refresh anyway */ }
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(store, {data: {versions: versions, event: state.events}});
    }
  }

  function close() {
    if (source) source.close();
    source = null;
    state.open = false;
  }

  function open(wanted) {
    url = wanted;
    source = new EventSource(wanted);
    source.onopen = function () { state.open = true; };
    source.addEventListener("marts", pushed);
    source.onerror = function () {  // a cut stream or a network error: the browser reconnects by itself
      state.open = false;
      state.errors += 1;
      if (source && source.readyState === EventSource.CLOSED) {  // refused: not retried by the browser
        state.refused += 1;
        close();
        retryAt = Date.now() + RETRY_MS;
      }
    };
  }

  // Dash draws the page after load and a user may leave the wall for another page: follow the DOM.
  setInterval(function () {
    var root = document.querySelector("[data-events-url]");
    var wanted = root ? root.getAttribute("data-events-url") : null;
    if (root) store = root.getAttribute("data-events-store");
    if (source && wanted !== url) close();
    if (wanted && !source && Date.now() >= retryAt) open(wanted);
  }, 250);
})();

// A short two-tone chime when a new SLA alarm appears (a row the server marked `is-new`), if the
// wall's root says data-alarm-sound="on" (settings: wall.alarm_sound). Generated with WebAudio, so
// there is no sound file to fetch. A browser plays sound only after a click unless allowed: a kiosk's
// Chromium runs with --autoplay-policy=no-user-gesture-required. Each alarm sounds once, however
// often its row is redrawn; `window.pantauWallAlarm.sounded` counts chimes (for the browser tests).
(function () {
  var state = window.pantauWallAlarm = {sounded: 0, heard: {}};
  var audio = null;

  function chime() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === "suspended") audio.resume();
    [[880, 0], [660, 0.22]].forEach(function (tone) {
      var oscillator = audio.createOscillator(), gain = audio.createGain(), start = audio.currentTime + tone[1];
      oscillator.type = "sine";
      oscillator.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.21);
    });
  }

  function check() {
    var root = document.querySelector('[data-alarm-sound="on"]');
    if (!root) return;
    var fresh = Array.prototype.filter.call(root.querySelectorAll(".wall-alarm.is-new"), function (row) {
      var key = row.getAttribute("data-item");
      if (!key || state.heard[key]) return false;
      state.heard[key] = true;
      return true;
    });
    if (fresh.length) {
      state.sounded += 1;
      chime();
    }
  }

  new MutationObserver(check).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                                                  attributeFilter: ["class"]});
})();
