// District names must all show where there are few of them (the 31 kecamatan, on a wall that
// cannot hover). MapLibre hides a label that would touch another, and Plotly offers no switch for
// it: after every draw, label traces marked `meta: "labels:always"` get text-allow-overlap.
// (Kelurahan labels keep the default: 153 names at city zoom would be a heap; they appear as the
// map zooms in.) Dash loads every .js file in assets/ by itself.
(function () {
  var ALWAYS = "labels:always";

  function showEveryLabel(graph) {
    var subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    if (!subplot || !subplot.map) return;
    (graph._fullData || []).forEach(function (trace) {
      var layer = "plotly-trace-layer-" + trace.uid + "-symbol";
      if (trace.meta === ALWAYS && subplot.map.getLayer(layer)) {
        subplot.map.setLayoutProperty(layer, "text-allow-overlap", true);
      }
    });
  }

  function watch(graph) {
    if (graph.__pantauLabels || typeof graph.on !== "function") return;
    graph.__pantauLabels = true;
    graph.on("plotly_afterplot", function () { showEveryLabel(graph); });
    showEveryLabel(graph);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
})();
