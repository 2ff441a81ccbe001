/* Gantt: drag the end of a bar (or press → on its handle) to ask for a later due date.
   The bars of the tasks that wait for it shift with it on screen; nothing is sent until the
   extension request is confirmed in the form below the chart. */
(function () {
  "use strict";
  var table = document.getElementById("gantt");
  var form = document.getElementById("reschedule");
  if (!table || !form) return;
  var px = parseFloat(table.dataset.pxPerDay) || 1;
  var svg = table.querySelector("tbody svg");
  var maxX = svg ? parseFloat(svg.getAttribute("width")) : Infinity;
  var bars = {};
  Array.prototype.forEach.call(table.querySelectorAll("g.g-bar"), function (g) {
    bars[g.dataset.task] = g;
  });
  var active = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(s) { var p = s.split("-"); return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])); }
  function vn(d) { return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear(); }
  function addDays(d, n) { return new Date(d.getTime() + n * 86400000); }
  function rects(g) { return g.querySelectorAll("rect.g-main, rect.g-progress"); }

  function reset() {
    Object.keys(bars).forEach(function (k) {
      var g = bars[k];
      g.classList.remove("moved", "shifted");
      Array.prototype.forEach.call(rects(g), function (r) { r.setAttribute("x", g.dataset.x); });
      g.querySelector("rect.g-main").setAttribute("width", g.dataset.w);
      var h = g.querySelector("rect.g-handle");
      if (h) {
        h.setAttribute("x", +g.dataset.x + +g.dataset.w - 4);
        h.setAttribute("aria-valuenow", 0);
        h.setAttribute("aria-valuetext", vn(iso(g.dataset.due)));
      }
    });
  }

  // push the successors of a bar that now ends at `end` (px); returns the titles shifted
  function push(g, end, seen) {
    var shifted = [];
    (g.dataset.succ || "").split(",").filter(Boolean).forEach(function (pair) {
      var parts = pair.split(":"), s = bars[parts[0]];
      if (!s || seen[parts[0]]) return;
      var need = end + (+parts[1]) * px;
      var x = +s.dataset.x;
      if (need > x) {
        seen[parts[0]] = true;
        var nx = Math.min(need, maxX - +s.dataset.w);
        Array.prototype.forEach.call(rects(s), function (r) { r.setAttribute("x", nx); });
        s.classList.add("shifted");
        shifted.push(s.dataset.title);
        shifted = shifted.concat(push(s, nx + +s.dataset.w, seen));
      }
    });
    return shifted;
  }

  function preview(g, days) {
    reset();
    days = Math.max(1, Math.round(days));
    var w = Math.min(+g.dataset.w + days * px, maxX - +g.dataset.x);
    days = Math.max(1, Math.round((w - +g.dataset.w) / px));
    g.querySelector("rect.g-main").setAttribute("width", w);
    var h = g.querySelector("rect.g-handle");
    if (h) {
      h.setAttribute("x", +g.dataset.x + w - 4);
      h.setAttribute("aria-valuenow", days);  // days asked for beyond the due date
    }
    g.classList.add("moved");
    var shifted = push(g, +g.dataset.x + w, {});
    var due = iso(g.dataset.due), next = addDays(due, days);
    if (h) h.setAttribute("aria-valuetext", vn(next));
    form.action = g.dataset.url;
    document.getElementById("reschedule-what").textContent =
      g.dataset.title + ": " + vn(due) + " → " + vn(next);
    document.getElementById("reschedule-due").value = vn(next);
    document.getElementById("reschedule-shifts").textContent =
      shifted.length ? form.dataset.shifts + " " + shifted.join("; ") : "";
    g.dataset.days = days;
    return days;
  }

  Object.keys(bars).forEach(function (k) {
    var g = bars[k];
    if (!g.classList.contains("draggable")) return;
    g.addEventListener("pointerdown", function (e) {
      active = { g: g, x0: e.clientX };
      if (g.setPointerCapture) g.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    g.addEventListener("pointermove", function (e) {
      if (!active || active.g !== g) return;
      var days = (e.clientX - active.x0) / px;
      if (days < 0.5) { reset(); return; }  // only later: a due date moves forward
      preview(g, days);
    });
    g.addEventListener("pointerup", function () {
      if (!active || active.g !== g) return;
      active = null;
      if (g.classList.contains("moved")) { form.hidden = false; }
    });
    var handle = g.querySelector("rect.g-handle");
    if (handle) handle.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight") {
        preview(g, (+g.dataset.days || 0) + (e.shiftKey ? 7 : 1));
        form.hidden = false;
        e.preventDefault();
      }
    });
  });
  document.getElementById("reschedule-cancel").addEventListener("click", function () {
    reset();
    form.hidden = true;
  });
})();
