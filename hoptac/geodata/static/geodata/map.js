/* The Hoptac map: MapLibre GL with local sources only (vector tiles of our own layers). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.maplibregl) return;
  var L = JSON.parse(document.getElementById("map-labels").textContent);
  var baseTiles = el.dataset.baseTiles;
  var style = {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": "#e8eef3" } }],
  };
  if (baseTiles) {
    style.sources.base = { type: "raster", tiles: [baseTiles], tileSize: 256 };
    style.layers.push({ id: "base", type: "raster", source: "base" });
  }
  var map = new maplibregl.Map({
    container: el,
    style: style,
    bounds: [[105.0, 15.6], [108.9, 21.5]],
    attributionControl: false,
    // MapLibre's own buttons in the page's language (geodata's maplibre_locale tag)
    locale: JSON.parse((document.getElementById("maplibre-locale") || {}).textContent || "{}"),
  });
  window.hoptacMap = map;
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

  var layers = [];
  var styleLayersOf = {};

  function colourExpr(legend) {
    var attr = legend.attribute;
    var keys = Object.keys(legend.colors || {});
    if (!attr || !keys.length) return legend.default;
    var expr = ["match", ["to-string", ["get", attr]]];
    keys.forEach(function (k) { expr.push(k, legend.colors[k]); });
    expr.push(legend.default);
    return expr;
  }

  function addLayer(info, index) {
    var src = "src-" + info.id;
    map.addSource(src, { type: "vector", tiles: [info.tiles], minzoom: 0, maxzoom: 16, bounds: info.bbox || undefined });
    var colour = colourExpr(info.legend);
    var ids = [];
    var kinds = info.kinds.length ? info.kinds : ["Polygon"];
    var isBoundary = info.theme === "boundaries";
    if (kinds.indexOf("Polygon") >= 0) {
      map.addLayer({
        id: info.id + "-fill", type: "fill", source: src, "source-layer": info.id,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": isBoundary ? "#fbfbf7" : colour, "fill-opacity": isBoundary ? 1 : 0.45 },
      });
      map.addLayer({
        id: info.id + "-outline", type: "line", source: src, "source-layer": info.id,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "line-color": isBoundary ? "#555" : colour, "line-width": isBoundary ? 2 : 1 },
      });
      ids.push(info.id + "-fill", info.id + "-outline");
    }
    if (kinds.indexOf("LineString") >= 0) {
      map.addLayer({
        id: info.id + "-line", type: "line", source: src, "source-layer": info.id,
        filter: ["==", ["geometry-type"], "LineString"],
        paint: { "line-color": colour, "line-width": 2 },
      });
      ids.push(info.id + "-line");
    }
    if (kinds.indexOf("Point") >= 0) {
      map.addLayer({
        id: info.id + "-point", type: "circle", source: src, "source-layer": info.id,
        filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-color": colour, "circle-radius": 5, "circle-stroke-color": "#fff", "circle-stroke-width": 1 },
      });
      ids.push(info.id + "-point");
    }
    styleLayersOf[info.id] = ids;
  }

  function setVisible(id, on) {
    (styleLayersOf[id] || []).forEach(function (l) { map.setLayoutProperty(l, "visibility", on ? "visible" : "none"); });
  }

  function setOpacity(id, value) {
    (styleLayersOf[id] || []).forEach(function (l) {
      var t = map.getLayer(l).type;
      if (t === "fill") map.setPaintProperty(l, "fill-opacity", value * 0.9);
      if (t === "line") map.setPaintProperty(l, "line-opacity", value);
      if (t === "circle") map.setPaintProperty(l, "circle-opacity", value);
    });
  }

  function text(tag, value, cls) {
    var n = document.createElement(tag);
    if (value !== undefined) n.textContent = value;
    if (cls) n.className = cls;
    return n;
  }

  function renderList() {
    var ul = document.getElementById("layer-list");
    ul.innerHTML = "";
    if (!layers.length) { ul.appendChild(text("li", L.none, "muted")); return; }
    layers.forEach(function (info) {
      var li = document.createElement("li");
      li.dataset.layer = info.id;
      var cb = document.createElement("input");
      cb.type = "checkbox"; cb.checked = true; cb.id = "lyr-" + info.id;
      cb.addEventListener("change", function () { setVisible(info.id, cb.checked); });
      var label = text("label", info.name); label.htmlFor = cb.id;
      li.appendChild(cb); li.appendChild(document.createTextNode(" ")); li.appendChild(label);
      if (info.demo) { li.appendChild(document.createTextNode(" ")); li.appendChild(text("span", L.demo, "badge")); }
      li.appendChild(text("div", info.locality + " · " + info.theme_label + " · " + info.count + " " + L.features, "muted"));
      var tools = text("div", undefined, "tools");
      var range = document.createElement("input");
      range.type = "range"; range.min = 0; range.max = 1; range.step = 0.05; range.value = 1;
      range.setAttribute("aria-label", L.opacity + " — " + info.name);
      range.addEventListener("input", function () { setOpacity(info.id, parseFloat(range.value)); });
      var zoom = text("button", L.zoom, "link-button"); zoom.type = "button";
      zoom.addEventListener("click", function () {
        if (info.bbox) map.fitBounds([[info.bbox[0], info.bbox[1]], [info.bbox[2], info.bbox[3]]], { padding: 30, maxZoom: 16 });
      });
      var more = text("a", L.details); more.href = info.url;
      tools.appendChild(range); tools.appendChild(zoom); tools.appendChild(more);
      li.appendChild(tools);
      var colours = info.legend.colors || {};
      var legend = text("ul", undefined, "legend");
      var keys = Object.keys(colours);
      if (!keys.length) keys = [null];
      keys.forEach(function (k) {
        var item = document.createElement("li");
        var sw = text("span", undefined, "swatch");
        sw.style.background = k === null ? info.legend.default : colours[k];
        item.appendChild(sw);
        var labels = info.legend.labels || {};
        item.appendChild(document.createTextNode(k === null ? info.theme_label : (labels[k] || k)));
        legend.appendChild(item);
      });
      li.appendChild(legend);
      ul.appendChild(li);
    });
    var sel = document.getElementById("flt-layer");
    sel.innerHTML = "";
    layers.forEach(function (info) { var o = text("option", info.name); o.value = info.id; sel.appendChild(o); });
    fillFields();
  }

  function fillFields() {
    var id = document.getElementById("flt-layer").value;
    var info = layers.filter(function (l) { return l.id === id; })[0];
    var sel = document.getElementById("flt-field");
    sel.innerHTML = "";
    (info ? info.fields : []).forEach(function (f) {
      var o = text("option", (info.field_labels || {})[f] || words(f)); o.value = f; sel.appendChild(o);
    });
  }

  document.getElementById("flt-layer").addEventListener("change", fillFields);
  document.getElementById("flt-apply").addEventListener("click", function () {
    var id = document.getElementById("flt-layer").value;
    var field = document.getElementById("flt-field").value;
    var value = document.getElementById("flt-value").value;
    (styleLayersOf[id] || []).forEach(function (l) {
      var geomFilter = map.getFilter(l);
      var base = geomFilter && geomFilter[0] === "all" ? geomFilter[1] : geomFilter;
      map.setFilter(l, field && value !== "" ? ["all", base, ["==", ["to-string", ["get", field]], value]] : base);
    });
  });
  document.getElementById("flt-clear").addEventListener("click", function () {
    document.getElementById("flt-value").value = "";
    document.getElementById("flt-apply").click();
  });

  // The planning figures page (/chi-so-quy-hoach/) for a feature or a drawn area; the land-use
  // layer chosen is the visible one whose extent meets the area most
  var figuresUrl = el.dataset.figuresUrl;
  function overlap(a, b) {
    var w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    var h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    return w >= 0 && h >= 0 ? Math.max(w, 1e-9) * Math.max(h, 1e-9) : 0;
  }
  function landUseFor(box) {
    var best = null, bestArea = 0;
    layers.forEach(function (l) {
      if (l.theme !== "land_use" || !l.bbox) return;
      var a = overlap(box, l.bbox);
      if (a > bestArea) { best = l; bestArea = a; }
    });
    return best;
  }
  function figuresLink(params, box) {
    var lu = landUseFor(box);
    if (lu) params.land_use_layer = lu.id;
    return figuresUrl + "?" + Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }
  function isPolygon(f) {
    var t = f.geometry && f.geometry.type;
    return t === "Polygon" || t === "MultiPolygon";
  }

  // Pop-ups with the attributes of the clicked features: labels, units and numbers in the
  // page's language, never a code or JSON
  function words(name) {
    var w = String(name).replace(/[_-]+/g, " ").trim();
    return w.charAt(0).toUpperCase() + w.slice(1);
  }
  function shown(raw, unit) {
    if (typeof raw === "number") {
      var n;
      try { n = raw.toLocaleString(document.documentElement.lang || "vi"); } catch (err) { n = String(raw); }
      return unit ? n + " " + unit : n;
    }
    if (typeof raw === "boolean") return raw ? el.dataset.labelYes : el.dataset.labelNo;
    var value = String(raw);
    var first = value.charAt(0);
    if (first === "{" || first === "[") {
      // tiles carry nested values as JSON text: written out as words
      try {
        var parsed = JSON.parse(value);
        if (Array.isArray(parsed)) return parsed.map(function (v) { return shown(v); }).join(", ");
        return Object.keys(parsed).map(function (k) { return words(k) + ": " + shown(parsed[k]); }).join("; ");
      } catch (err) { return value; }
    }
    return unit && value !== "" && !isNaN(Number(value)) ? shown(Number(value), unit) : value;
  }
  var measuring = false;
  map.on("click", function (e) {
    if (measuring) return addMeasurePoint(e.lngLat);
    var seen = {};
    var feats = map.queryRenderedFeatures(e.point).filter(function (f) {
      if (f.source.indexOf("src-") !== 0) return false;
      // the fill and the outline of one polygon are one feature
      var key = f.source + ":" + (f.id !== undefined ? f.id : JSON.stringify(f.properties));
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
    if (!feats.length) return;
    var box = document.createElement("div");
    box.className = "popup";
    feats.slice(0, 2).forEach(function (f) {
      var info = layers.filter(function (l) { return "src-" + l.id === f.source; })[0];
      var head = text("p", undefined, "popup-head");
      head.appendChild(text("strong", info ? info.name : f.source));
      if (f.id !== undefined && f.id !== null) head.appendChild(text("span", " · " + el.dataset.labelFeature + " " + f.id, "muted"));
      box.appendChild(head);
      var table = text("table", undefined, "popup-table");
      var lg = info ? info.legend : {};
      var names = (info && info.field_labels) || {};
      var units = (info && info.field_units) || {};
      var hidden = (info && info.hidden_fields) || [];
      Object.keys(f.properties).forEach(function (k) {
        if (hidden.indexOf(k) !== -1) return;
        var tr = document.createElement("tr");
        var raw = f.properties[k];
        var value = String(raw);
        // the owner's label of a category of the style attribute (the code as a tooltip)
        var label = k === lg.attribute && lg.labels ? lg.labels[value] : undefined;
        // the attribute's label (the owner's in this language, else the glossary's, else its
        // name in words), its raw name as a tooltip
        var th = text("th", names[k] || words(k));
        th.title = k;
        var td = text("td", label || shown(raw, units[k]));
        if (label) td.title = value;
        tr.appendChild(th); tr.appendChild(td);
        table.appendChild(tr);
      });
      box.appendChild(table);
      if (info && figuresUrl && isPolygon(f) && f.id !== undefined && f.id !== null) {
        var a = text("a", el.dataset.labelFigures, "popup-figures");
        a.href = figuresLink(
          { area_layer: info.id, area_feature: f.id },
          [e.lngLat.lng, e.lngLat.lat, e.lngLat.lng, e.lngLat.lat]
        );
        box.appendChild(text("p", undefined, "popup-link")).appendChild(a);
      }
    });
    new maplibregl.Popup({ maxWidth: "360px" }).setLngLat(e.lngLat).setDOMContent(box).addTo(map);
  });

  // Measure tool: geodesic distance along the clicked points and the area they enclose
  var points = [];
  var R = 6371008.8;
  function rad(d) { return d * Math.PI / 180; }
  function distance(a, b) {
    var dLat = rad(b[1] - a[1]), dLon = rad(b[0] - a[0]);
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }
  function ringArea(pts) {
    var s = 0;
    for (var i = 0; i < pts.length; i++) {
      var p1 = pts[i], p2 = pts[(i + 1) % pts.length];
      s += rad(p2[0] - p1[0]) * (2 + Math.sin(rad(p1[1])) + Math.sin(rad(p2[1])));
    }
    return Math.abs(s * R * R / 2);
  }
  var lang = document.documentElement.lang || "vi";
  function num(value, digits) {
    try {
      return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch (err) {
      return value.toFixed(digits);
    }
  }
  function drawnPolygon() {
    // six decimals (about 10 cm) keep the link short
    var ring = points.map(function (p) { return [+p[0].toFixed(6), +p[1].toFixed(6)]; });
    ring.push(ring[0]);
    return { type: "Polygon", coordinates: [ring] };
  }
  function drawMeasure() {
    var gj = { type: "FeatureCollection", features: [] };
    if (points.length > 2) gj.features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [points.concat([points[0]])] } });
    if (points.length > 1) gj.features.push({ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: points } });
    points.forEach(function (p) { gj.features.push({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: p } }); });
    map.getSource("measure").setData(gj);
    var d = 0;
    for (var i = 1; i < points.length; i++) d += distance(points[i - 1], points[i]);
    var out = L.distance + ": " + (d >= 1000 ? num(d / 1000, 3) + " km" : num(d, 1) + " m");
    if (points.length > 2) out += " · " + L.area + ": " + num(ringArea(points) / 10000, 3) + " ha";
    document.getElementById("measure-result").textContent = points.length ? out : "";
    var row = document.getElementById("measure-figures-row");
    var shown = !row.hidden;
    row.hidden = points.length < 3;
    // the panel scrolls: bring the result and its link into view when the area first closes
    if (!row.hidden && !shown) row.scrollIntoView({ block: "nearest" });
    document.getElementById("measure-hint").hidden = !measuring || points.length >= 3;
    if (points.length >= 3) {
      var lons = points.map(function (p) { return p[0]; }), lats = points.map(function (p) { return p[1]; });
      var box = [Math.min.apply(null, lons), Math.min.apply(null, lats), Math.max.apply(null, lons), Math.max.apply(null, lats)];
      document.getElementById("measure-figures").href = figuresLink({ area_geojson: JSON.stringify(drawnPolygon()) }, box);
    }
  }
  function addMeasurePoint(ll) { points.push([ll.lng, ll.lat]); drawMeasure(); }
  document.getElementById("measure-toggle").addEventListener("click", function (ev) {
    measuring = !measuring;
    ev.target.setAttribute("aria-pressed", measuring ? "true" : "false");
    ev.target.textContent = measuring ? L.stop : L.measure;
    map.getCanvas().style.cursor = measuring ? "crosshair" : "";
    if (measuring) points = [];
    drawMeasure();
  });

  map.on("load", function () {
    map.addSource("measure", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    fetch(el.dataset.layersUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layers = data.layers;
        // Boundaries first, so that they form the base under everything else
        // Large areas first, small things on top: boundaries form the base under everything else
        var rank = { boundaries: 0, land_use: 1, planning_zones: 2, parks: 3, parcels: 5 };
        function r(l) { return l.theme in rank ? rank[l.theme] : 4; }
        layers.sort(function (a, b) { return r(a) - r(b); });
        layers.forEach(addLayer);
        map.addLayer({ id: "measure-fill", type: "fill", source: "measure", filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#a4161a", "fill-opacity": 0.22 } });
        map.addLayer({ id: "measure-line", type: "line", source: "measure", filter: ["==", ["geometry-type"], "LineString"], paint: { "line-color": "#a4161a", "line-width": 2, "line-dasharray": [2, 1] } });
        map.addLayer({ id: "measure-points", type: "circle", source: "measure", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-color": "#a4161a", "circle-radius": 4 } });
        if (layers.some(function (l) { return l.demo; })) document.getElementById("demo-note").hidden = false;
        renderList();
        // What the print/export (map_export.js) draws as the legend: the layers shown now
        window.hoptacMapLegend = function () {
          return layers.filter(function (info) {
            var ids = styleLayersOf[info.id] || [];
            return ids.length && map.getLayoutProperty(ids[0], "visibility") !== "none";
          }).map(function (info) {
            var colours = info.legend.colors || {}, labels = info.legend.labels || {};
            var keys = Object.keys(colours);
            return {
              name: info.name,
              items: keys.length
                ? keys.map(function (k) { return { colour: colours[k], label: labels[k] || k }; })
                : [{ colour: info.legend.default, label: info.theme_label }],
            };
          });
        };
        el.dataset.ready = "1";
      });
  });
})();
