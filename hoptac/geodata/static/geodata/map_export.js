/* Print/export of the current map view to PNG or PDF: the map as drawn, with a title, the legend
   of the layers shown, a scale bar and a north arrow. Everything is drawn here, in the browser,
   from the map's own canvas: no outside tile server, no server round trip. The PDF is a one-page
   A4 landscape document holding the picture (JPEG), written by hand (a few objects); the map is
   drawn again for it at print resolution (PRINT_DPI), the PNG keeps the screen's. */
(function () {
  "use strict";
  var panel = document.getElementById("map-export");
  if (!panel) return;
  var T = JSON.parse(document.getElementById("map-export-labels").textContent);
  var lang = document.documentElement.lang || "vi";

  function whenDrawn(map, fn) {
    // The WebGL buffer is only readable in the frame that drew it
    map.once("render", function () { fn(map.getCanvas()); });
    map.triggerRepaint();
  }

  // The PDF page: A4 landscape in points, the picture inside 20 pt margins, and the resolution
  // it is rendered at (print quality is 200 dpi and more; a little above, for the rounding).
  var PAGE_W = 842, PAGE_H = 595, MARGIN = 20, PRINT_DPI = 220, HEAD_CSS = 56;

  function printRatio(map) {
    // The pixel ratio at which the composed picture, fitted in the page, has PRINT_DPI: its
    // binding side (width or height) in pixels = that side of the page in inches × PRINT_DPI.
    // MapLibre clamps it to the largest canvas the browser draws (maxCanvasSize).
    var c = map.getCanvas();
    var w = c.clientWidth, h = c.clientHeight + HEAD_CSS;
    var wantW = (PAGE_W - 2 * MARGIN) / 72 * PRINT_DPI, wantH = (PAGE_H - 2 * MARGIN) / 72 * PRINT_DPI;
    return Math.min(wantW / w, wantH / h);
  }

  function atPrintResolution(map, fn) {
    // Render the map again at print resolution (the screen's canvas is ~96 dpi once on paper),
    // capture it, then give the screen back its own pixel ratio.
    var screen = map.getPixelRatio();
    var ratio = printRatio(map);
    if (ratio <= screen) { whenDrawn(map, fn); return; }
    var started = false;
    function capture() {
      if (started) return;
      started = true;
      whenDrawn(map, function (canvas) {
        try { fn(canvas); } finally {
          map.setPixelRatio(screen === window.devicePixelRatio ? null : screen);
        }
      });
    }
    map.setPixelRatio(ratio);
    map.once("idle", capture);
    setTimeout(capture, 8000); // a map that never settles (an animation) is captured as it is
    map.triggerRepaint();
  }

  function metresPerPixel(map) {
    var lat = map.getCenter().lat;
    return 40075016.686 * Math.cos(lat * Math.PI / 180) / (512 * Math.pow(2, map.getZoom()));
  }

  function niceLength(max) {
    var pow = Math.pow(10, Math.floor(Math.log10(max)));
    var steps = [5, 2, 1];
    for (var i = 0; i < steps.length; i++) if (steps[i] * pow <= max) return steps[i] * pow;
    return pow;
  }

  function cut(text, n) {
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  function compose(map, source) {
    var ratio = source.width / source.clientWidth || 1;
    var w = source.width, mapH = source.height;
    var head = Math.round(HEAD_CSS * ratio);
    var legend = window.hoptacMapLegend ? window.hoptacMapLegend() : [];
    var out = document.createElement("canvas");
    out.width = w; out.height = mapH + head;
    var g = out.getContext("2d");
    g.fillStyle = "#ffffff"; g.fillRect(0, 0, out.width, out.height);
    g.drawImage(source, 0, head);
    var px = function (n) { return Math.round(n * ratio); };
    g.fillStyle = "#1b2430";
    g.font = "600 " + px(20) + "px sans-serif";
    g.fillText(T.title, px(14), px(26));
    g.font = px(12) + "px sans-serif";
    g.fillStyle = "#555";
    var when = new Date().toLocaleDateString(lang === "vi" ? "vi-VN" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric" });
    g.fillText(T.made + " " + when + " · Hoptac · WGS 84 / Web Mercator", px(14), px(46));

    // North arrow (turns with the map's bearing)
    var cx = w - px(40), cy = head + px(44);
    g.save();
    g.translate(cx, cy);
    g.rotate(-map.getBearing() * Math.PI / 180);
    g.fillStyle = "#ffffffdd"; g.beginPath(); g.arc(0, 0, px(27), 0, 2 * Math.PI); g.fill();
    g.fillStyle = "#1b2430";
    g.beginPath(); g.moveTo(0, -px(22)); g.lineTo(px(8), px(4)); g.lineTo(0, -px(2)); g.lineTo(-px(8), px(4)); g.closePath(); g.fill();
    g.font = "700 " + px(12) + "px sans-serif"; g.textAlign = "center";
    g.fillText(T.north, 0, px(20));
    g.restore();

    // Scale bar, bottom right
    var mpp = metresPerPixel(map); // metres per CSS pixel
    var metres = niceLength(mpp * 150);
    var barCss = metres / mpp;
    var bx = w - px(24) - px(barCss), by = out.height - px(26);
    g.fillStyle = "#ffffffdd"; g.fillRect(bx - px(8), by - px(22), px(barCss) + px(16), px(34));
    g.fillStyle = "#1b2430"; g.fillRect(bx, by, px(barCss), px(5));
    g.fillRect(bx, by - px(4), px(2), px(9)); g.fillRect(bx + px(barCss) - px(2), by - px(4), px(2), px(9));
    g.font = px(12) + "px sans-serif"; g.textAlign = "center";
    var label = metres >= 1000 ? (metres / 1000).toLocaleString(lang) + " km" : metres.toLocaleString(lang) + " m";
    g.fillText(label, bx + px(barCss) / 2, by - px(6));
    g.textAlign = "left";

    // Legend, bottom left
    var rows = [];
    legend.forEach(function (layer) {
      rows.push({ head: layer.name });
      layer.items.slice(0, 8).forEach(function (it) { rows.push(it); });
    });
    rows = rows.slice(0, 24);
    if (rows.length) {
      var lh = px(17), lw = px(330);
      var lx = px(10), ly = out.height - px(12) - lh * (rows.length + 1);
      g.fillStyle = "#ffffffe6"; g.fillRect(lx, ly, lw, lh * (rows.length + 1) + px(4));
      g.strokeStyle = "#b8c0cc"; g.strokeRect(lx, ly, lw, lh * (rows.length + 1) + px(4));
      g.fillStyle = "#1b2430"; g.font = "600 " + px(12) + "px sans-serif";
      g.fillText(T.legend, lx + px(8), ly + lh - px(3));
      rows.forEach(function (row, i) {
        var y = ly + lh * (i + 2) - px(3);
        if (row.head) {
          g.font = "600 " + px(11) + "px sans-serif"; g.fillStyle = "#1b2430";
          g.fillText(cut(row.head, 52), lx + px(8), y);
        } else {
          g.fillStyle = row.colour || "#008080"; g.fillRect(lx + px(14), y - px(10), px(12), px(12));
          g.font = px(11) + "px sans-serif"; g.fillStyle = "#333";
          g.fillText(cut(String(row.label), 48), lx + px(32), y);
        }
      });
    }
    return out;
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function pdfFromJpeg(jpeg, width, height) {
    // A4 landscape, the picture fitted inside 20 pt margins
    var W = PAGE_W, H = PAGE_H, m = MARGIN;
    var scale = Math.min((W - 2 * m) / width, (H - 2 * m) / height);
    var dw = width * scale, dh = height * scale, dx = (W - dw) / 2, dy = (H - dh) / 2;
    var content = "q " + dw.toFixed(2) + " 0 0 " + dh.toFixed(2) + " " + dx.toFixed(2) + " " + dy.toFixed(2) + " cm /Im0 Do Q";
    var enc = new TextEncoder();
    var parts = [], offsets = [], length = 0;
    function push(data) { var b = typeof data === "string" ? enc.encode(data) : data; parts.push(b); length += b.length; }
    function obj(n, body, stream) {
      offsets[n] = length;
      push(n + " 0 obj\n" + body);
      if (stream) { push("\nstream\n"); push(stream); push("\nendstream"); }
      push("\nendobj\n");
    }
    push("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + W + " " + H + "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>");
    obj(4, "<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height + " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length " + jpeg.length + " >>", jpeg);
    obj(5, "<< /Length " + content.length + " >>", enc.encode(content));
    var xref = length;
    var table = "xref\n0 6\n0000000000 65535 f \n";
    for (var i = 1; i <= 5; i++) table += String(offsets[i]).padStart(10, "0") + " 00000 n \n";
    push(table + "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    return new Blob(parts, { type: "application/pdf" });
  }

  function run(kind) {
    var map = window.hoptacMap;
    if (!map) return;
    // The PNG is the view as on the screen; the PDF is for printing, rendered at print resolution
    (kind === "pdf" ? atPrintResolution : whenDrawn)(map, function (canvas) {
      var out = compose(map, canvas);
      var stamp = new Date().toISOString().slice(0, 10);
      if (kind === "png") {
        out.toBlob(function (blob) { save(blob, "ban-do-hoptac-" + stamp + ".png"); }, "image/png");
      } else {
        out.toBlob(function (blob) {
          blob.arrayBuffer().then(function (buf) {
            save(pdfFromJpeg(new Uint8Array(buf), out.width, out.height), "ban-do-hoptac-" + stamp + ".pdf");
          });
        }, "image/jpeg", 0.92);
      }
    });
  }

  panel.querySelectorAll("button[data-export]").forEach(function (b) {
    b.addEventListener("click", function () { run(b.dataset.export); });
  });
})();
