/* The 766 index charts: data from the page (json_script), Chart.js served locally. The tables
   next to them carry the same figures for readers without the charts. */
(function () {
  "use strict";
  var el = document.getElementById("index766-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var colours = ["#2f6db5", "#c98a00"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  var groups = document.getElementById("chart-groups");
  if (groups && data.groups.labels.length) {
    new Chart(groups, {
      type: "bar",
      data: {
        labels: data.groups.labels,
        datasets: data.cities.map(function (city, i) {
          return { label: city, data: data.groups.values[i], backgroundColor: colours[i] };
        })
      },
      options: { animation: false, aspectRatio: 3.2, scales: { y: { beginAtZero: true } } }
    });
  }
  var trend = document.getElementById("chart-trend");
  if (trend && data.trend.months.length) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.months,
        datasets: data.cities.map(function (city, i) {
          return { label: city, data: data.trend.values[i], borderColor: colours[i],
                   backgroundColor: colours[i], spanGaps: true };
        })
      },
      options: { animation: false, aspectRatio: 3.2, scales: { y: { beginAtZero: true } } }
    });
  }
})();
