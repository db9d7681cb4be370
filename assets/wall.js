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
