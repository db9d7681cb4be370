// District names must all show where there are few of them (the 31 kecamatan, on a wall that
// cannot hover). MapLibre hides a label that would touch another, and Plotly offers no switch for
// it: label traces marked `meta: "labels:always"` get text-allow-overlap. Plotly removes and
// re-adds a trace's layers on updates, so the property is given each time a label layer is added
// (a one-off setLayoutProperty after a draw was lost on the next update, and names blinked out).
// (Kelurahan labels keep the default: 153 names at city zoom would be a heap; they appear as the
// map zooms in.) Dash loads every .js file in assets/ by itself.
(function () {
  var ALWAYS = "labels:always";
  var PREFIX = "plotly-trace-layer-";

  function alwaysShown(graph, layerId) {
    return (graph._fullData || []).some(function (trace) {
      return trace.meta === ALWAYS && layerId === PREFIX + trace.uid + "-symbol";
    });
  }

  function keepLabels(graph) {
    var subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    var map = subplot && subplot.map;
    if (!map) return;
    if (!map.__pantauLabels) {
      map.__pantauLabels = true;
      var addLayer = map.addLayer;
      map.addLayer = function (layer, before) {
        if (layer && alwaysShown(graph, layer.id)) {
          layer = Object.assign({}, layer, { layout: Object.assign({}, layer.layout, { "text-allow-overlap": true }) });
        }
        return addLayer.call(this, layer, before);
      };
    }
    (graph._fullData || []).forEach(function (trace) {  // layers added before the hook was in place
      var layer = PREFIX + trace.uid + "-symbol";
      if (trace.meta === ALWAYS && map.getLayer(layer) && !map.getLayoutProperty(layer, "text-allow-overlap")) {
        map.setLayoutProperty(layer, "text-allow-overlap", true);
      }
    });
  }

  function watch(graph) {
    if (graph.__pantauLabels || typeof graph.on !== "function") return;
    graph.__pantauLabels = true;
    graph.on("plotly_afterplot", function () { keepLabels(graph); });
    keepLabels(graph);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
})();
