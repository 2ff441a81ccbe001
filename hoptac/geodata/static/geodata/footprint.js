/* A small map of one footprint or location: the same local MapLibre GL and base as the map of
   /ban-do/ (the cities' boundary layer drawn from our own vector tiles, and the raster tiles of
   GEODATA_BASE_TILE_URL when set), the shape on top, the view fitted to it. Without WebGL or
   JavaScript the fallback inside the element stays. */
(function () {
  "use strict";
  if (!window.maplibregl) return;

  function extend(box, coords) {
    if (typeof coords[0] === "number") {
      box[0] = Math.min(box[0], coords[0]); box[1] = Math.min(box[1], coords[1]);
      box[2] = Math.max(box[2], coords[0]); box[3] = Math.max(box[3], coords[1]);
      return;
    }
    coords.forEach(function (c) { extend(box, c); });
  }

  function bboxOf(data) {
    var box = [180, 90, -180, -90];
    data.features.forEach(function (f) { if (f.geometry) extend(box, f.geometry.coordinates); });
    return box[0] <= box[2] ? box : null;
  }

  function supported() {
    try {
      var c = document.createElement("canvas");
      return !!(c.getContext("webgl2") || c.getContext("webgl"));
    } catch (e) {
      return false;
    }
  }

  function show(el) {
    var data = JSON.parse(document.getElementById(el.dataset.geojson).textContent);
    var box = bboxOf(data);
    if (!box || !supported()) return;
    var style = {
      version: 8,
      sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": "#e8eef3" } }],
    };
    if (el.dataset.baseTiles) {
      style.sources.base = { type: "raster", tiles: [el.dataset.baseTiles], tileSize: 256 };
      style.layers.push({ id: "base", type: "raster", source: "base" });
    }
    var map = new maplibregl.Map({
      container: el,
      style: style,
      bounds: [[box[0], box[1]], [box[2], box[3]]],
      // room around a park for its city; a page may fit closer (data-fit-max-zoom)
      fitBoundsOptions: { padding: 40, maxZoom: parseFloat(el.dataset.fitMaxZoom) || 13 },
      maxZoom: 18,
      attributionControl: false,
      // MapLibre's own buttons in the page's language (geodata's maplibre_locale tag)
      locale: JSON.parse((document.getElementById("maplibre-locale") || {}).textContent || "{}"),
    });
    el.classList.add("footprint-map-ready");
    window.hoptacFootprintMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    map.on("load", function () {
      map.addSource("footprint", { type: "geojson", data: data });
      map.addLayer({
        id: "footprint-fill", type: "fill", source: "footprint",
        filter: ["==", ["geometry-type"], "Polygon"],
        // a feature may carry its own colour and opacity (the figures page: area, buffer, contents)
        paint: {
          "fill-color": ["coalesce", ["get", "color"], "#a4161a"],
          "fill-opacity": ["coalesce", ["get", "opacity"], 0.35],
        },
      });
      map.addLayer({
        id: "footprint-outline", type: "line", source: "footprint",
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: {
          "line-color": ["coalesce", ["get", "color"], "#a4161a"],
          "line-width": ["case", ["==", ["get", "role"], "inside"], 1, 2],
        },
      });
      map.addLayer({
        id: "footprint-point", type: "circle", source: "footprint",
        filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-color": "#a4161a", "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 2 },
      });
      // Ready once the base tiles are drawn too (the browser tests wait for it)
      var done = function () { map.once("idle", function () { el.dataset.ready = "1"; }); };
      fetch(el.dataset.layersUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { layers: [] }; })
        .then(function (info) {
          // The base of /ban-do/: the cities' boundaries, under the footprint
          (info.layers || []).filter(function (l) { return l.theme === "boundaries"; }).forEach(function (l) {
            var src = "base-" + l.id;
            map.addSource(src, { type: "vector", tiles: [l.tiles], minzoom: 0, maxzoom: 16, bounds: l.bbox || undefined });
            map.addLayer({
              id: src + "-fill", type: "fill", source: src, "source-layer": l.id,
              filter: ["==", ["geometry-type"], "Polygon"],
              paint: { "fill-color": "#fbfbf7", "fill-opacity": 1 },
            }, "footprint-fill");
            map.addLayer({
              id: src + "-outline", type: "line", source: src, "source-layer": l.id,
              filter: ["==", ["geometry-type"], "Polygon"],
              paint: { "line-color": "#555", "line-width": 1.5 },
            }, "footprint-fill");
          });
        })
        .catch(function () { /* the footprint alone is still useful */ })
        .then(done);
    });
  }

  document.querySelectorAll("[data-footprint-map]").forEach(show);
})();
