/* Dashboard charts: data comes from the page (json_script), Chart.js is served locally. */
(function () {
  "use strict";
  var el = document.getElementById("chart-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var colours = { done_on_time: "#1b7a3d", done_late: "#8a5d00", in_term: "#2f6db5", overdue: "#b3261e",
                  due: "#5b6475", on_time: "#1b7a3d", late: "#8a5d00" };
  var locale = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = locale;
  new Chart(document.getElementById("chart-status"), {
    type: "doughnut",
    data: {
      labels: data.status.map(function (s) { return s.label; }),
      datasets: [{ data: data.status.map(function (s) { return s.n; }),
                   backgroundColor: data.status.map(function (s) { return colours[s.key]; }) }]
    },
    // The legend under the ring: at its right it was cut to "hoàn…" in the narrow column.
    options: { animation: false, maintainAspectRatio: false,
               plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } } }
  });
  new Chart(document.getElementById("chart-trend"), {
    type: "bar",
    data: {
      labels: data.trend.months,
      datasets: data.trend.series.map(function (s) {
        return { label: s.label, data: s.values, backgroundColor: colours[s.key] };
      })
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
