// The wall must never show stale data as live. Every Dash callback request is a fetch of
// /_dash-update-component; a wall sends one each refresh tick (a 204 when nothing changed still
// proves the server answered). This records when the last one succeeded and whether the latest one
// failed, for the wall's clientside staleness check (callbacks/wall.py). Dash loads every .js file
// in assets/ by itself; on other pages the record is simply never read.
(function () {
  var record = window.pantauWallLink = {okAt: Date.now(), failed: false};
  var originalFetch = window.fetch.bind(window);

  function isCallback(resource) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    return url.indexOf("_dash-update-component") !== -1;
  }

  window.fetch = function (resource, options) {
    var request = originalFetch(resource, options);
    if (!isCallback(resource)) return request;
    return request.then(function (response) {
      record.failed = !response.ok;  // 5xx: the server is up but cannot give the data
      if (response.ok) record.okAt = Date.now();
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
